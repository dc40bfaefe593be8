"""jukeboxd's trainer: data, the reference Jukebox architecture in PyTorch, training, export.

A developer tool only: the daemon and the client never import Python. See Training/README.md.
"""
