from .facility import Facility, FacilityType, Landmark, OpeningHours

__all__ = ["Facility", "FacilityType", "Landmark", "OpeningHours"]
