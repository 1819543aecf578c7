"""Demo data for `make run`: placeholder until the reference profiles land."""


def seed_demo() -> int:
    return 0
