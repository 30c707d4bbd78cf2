"""Services: the rules of plans, steps, committees, meetings and their minutes, over a
SQLAlchemy session; the command line and the GUI both call these."""
