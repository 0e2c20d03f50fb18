from .benefits import Benefit, BenefitFigure, SavingsAssumptions, UnitCost
from .log import LogItem, LogItemHistory
from .projection import BacklogCohort, CaseFact, DailyCaseFigures, TaskFact
from .targets import KpiTarget

__all__ = [
    "BacklogCohort",
    "Benefit",
    "BenefitFigure",
    "CaseFact",
    "DailyCaseFigures",
    "KpiTarget",
    "LogItem",
    "LogItemHistory",
    "SavingsAssumptions",
    "TaskFact",
    "UnitCost",
]
