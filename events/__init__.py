"""The event record, text extraction, import/export and the store."""
