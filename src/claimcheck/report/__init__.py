"""Output formats: one pure renderer per format (see `render`)."""
