"""Reading a book's data file: the loader (values + positions) and the pydantic schema."""
