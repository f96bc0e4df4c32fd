"""`python -m bot` is the `thankyou` command."""

from bot.cli import main

main()
