from .assumptions import Assumption
from .board_packs import BoardPack, BoardPackRequest

__all__ = ["Assumption", "BoardPack", "BoardPackRequest"]
