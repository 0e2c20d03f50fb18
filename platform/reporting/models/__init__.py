from .benefits import Benefit, BenefitFigure, SavingsAssumptions, UnitCost
from .log import LogItem, LogItemHistory
from .targets import KpiTarget

__all__ = ["Benefit", "BenefitFigure", "KpiTarget", "LogItem", "LogItemHistory", "SavingsAssumptions", "UnitCost"]
