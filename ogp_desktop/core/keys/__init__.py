"""Keys and identities kept out of the records: the unit's certificate authority, people's
signing certificates, their password-protected PKCS#12 files, and the trust anchors (the
authorities' certificates) that the records hold. See docs/signatures.md."""
