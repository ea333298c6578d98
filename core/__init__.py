"""Ground-floor helpers every app may import (privacy, uploads, shared model bases).

A plain package, not a Django app: it imports no app of the project, so `accounts`,
`participants` and the rest can all depend on it without a cycle.
"""
