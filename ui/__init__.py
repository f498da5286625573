"""Interfaces: the Qt windows and the command line."""
