"""``python -m events`` runs the ``sahelmap`` command line."""

from events.cli import main

raise SystemExit(main())
