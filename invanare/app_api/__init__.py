"""The citizen app's (Alltid öppet) JSON API: login through a pluggable e-identification backend,
"whom may I act for", switching person, and the ``app_api`` decorator every domain's API view uses."""
