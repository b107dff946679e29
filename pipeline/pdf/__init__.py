"""Everything PDF: LibreOffice conversion and its warm pool, merging, cutting, the bundle."""
