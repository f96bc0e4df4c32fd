"""The application: settings, store, composer, conversation service, CLI and web app."""
