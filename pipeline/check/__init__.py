"""The ND30 checker of any DOCX and the template checker."""
