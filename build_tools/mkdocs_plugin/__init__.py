"""The MkDocs adapter: event handlers that call the publisher API, nothing more."""
