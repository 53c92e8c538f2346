"""Use cases as functions taking a Session; the caller owns the transaction."""
