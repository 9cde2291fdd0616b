"""``python -m foedus`` runs the command line."""

from foedus.cli import main

if __name__ == "__main__":
    main()
