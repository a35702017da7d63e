"""Hostile input: generated and mutated SOP files must be refused by check or survive every command."""
