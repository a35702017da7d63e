"""Electronic signatures (TTE) of official SOP documents: PAdES through pyHanko, a local or a remote signer, checks."""
