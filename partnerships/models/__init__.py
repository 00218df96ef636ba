from .lto import Lto, LtoContact, PartnershipLto
from .neighbourhood import Neighbourhood
from .partnership import Partnership

__all__ = ["Lto", "LtoContact", "Neighbourhood", "Partnership", "PartnershipLto"]
