"""Writes for partnerships. Locking policy: a service locks at most one row, and always the same
kind for the same data: the Partnership row guards its status, membership and LTO link; the
Meeting row guards its attendance, minutes and decisions. No service holds both, so no two
services can wait on each other. Locked transactions do no I/O: e-mail goes on commit."""
