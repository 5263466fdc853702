"""Who gets in: the registration mode, recruiters' passcodes, invitation links, and the
record of who recruited whom (issue #13)."""
