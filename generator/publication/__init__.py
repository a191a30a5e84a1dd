"""The publication: a format-neutral document tree (model) and its derivation from the data."""
