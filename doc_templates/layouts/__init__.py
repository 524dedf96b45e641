"""Builders of the .docx templates (python-docx): page set-up, parts, blocks, one per template."""
