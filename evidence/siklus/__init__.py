"""Use cases of the yearly TPCB cycle, one module per stage; the flows only sequence them."""
