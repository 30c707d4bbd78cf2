"""The office's PostgreSQL server: the rules the server itself enforces (enforcement.py) and
setting it up, its users, and bringing a laptop's records onto it (admin.py)."""
