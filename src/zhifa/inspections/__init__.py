"""涉企行政检查: each inspection of an enterprise, recorded as it was done (国办发〔2024〕54号)."""
