"""The environment variables that choose the extraction pipeline.

Apart from the modules that read them (nlp: spaCy; encoder: numpy), so the window can tell
whether its extraction process was started under other settings without loading either.
"""

RULE_ONLY_ENV = "CLAIMDESK_RULE_ONLY"
"""Set to 1 to score with the rule-only pipeline (as without the trained spaCy model)."""
ENCODER_ENV = "CLAIMDESK_ENCODER"
"""Set to "off" to score with the features alone (as on platforms without the encoder)."""
MODEL_ENV = "CLAIMDESK_ENCODER_MODEL"
"""Path of another model file to load instead of the packaged one (to try a damaged copy)."""
PIPELINE_SWITCHES = (RULE_ONLY_ENV, ENCODER_ENV, MODEL_ENV)
