"""segment: the averaged-perceptron segmenter — a BMES character tagger with dictionary
features on the engine of ``nlptk.sequence.perceptron``.

Modules: ``features`` (the character-window templates), ``tagger`` (the engine of
``nlptk.segment.segmenter.PerceptronSegmenter``), ``train`` (``nlptk train segment
--engine perceptron``).
"""
