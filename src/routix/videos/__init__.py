"""Videos: animations of completed generations, rendered by the ``video`` job kind."""
