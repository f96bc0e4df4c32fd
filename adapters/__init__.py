"""Platform adapters: translate a platform's events to `Incoming` and `Reply` back."""
