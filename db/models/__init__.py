"""All models, imported here so that Base.metadata knows every table."""
from db.models.dispute import CaseCounter, Dispute, DisputeMediator, Extension, StatusChange
from db.models.party import Party
from db.models.station import Mediator, Station

__all__ = ["CaseCounter", "Dispute", "DisputeMediator", "Extension", "Mediator", "Party", "Station",
           "StatusChange"]
