"""Stage 4: the publisher API: a site ready to hand over, and the files that go with its pages."""
