"""Explore transnational cooperation in vocational education and training (VET).

Data flows one way: dataset → ViewSpec → network → analysis → layout →
figures → app / export / CLI (see ``docs/ARCHITECTURE.md``).
"""

__version__ = "0.1.0"
