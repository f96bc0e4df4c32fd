"""Follow-through (issue 12): when reminders and "did you hear back?" are due (`timing`),
what they say (`messages`), and the scheduler that sends them (`scheduler`)."""
