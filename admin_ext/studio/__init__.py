"""The designer studio: builder pages over the same form and workflow JSON the engine runs (issue 15)."""
