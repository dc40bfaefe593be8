"""The harness and the groups of checks of the hostile suite of jukeboxd (see hostile_suite.py)."""


