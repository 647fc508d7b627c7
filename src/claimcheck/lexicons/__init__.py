"""Lexicons shipped with claimcheck as data (read with `importlib.resources`).

`wording.yaml` holds the cue lists of the "assess wording" stage (`claimcheck.wording`).
Other stages keep their word lists here too.
"""
