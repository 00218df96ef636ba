"""Writes for reporting/: assumptions (officers only) and board packs (asked for by officers and
trustees: see services/board_packs.py for why asking is not a write to the fund)."""
