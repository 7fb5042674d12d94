"""The board's map: commune geometry for drawing (``geometry``), colour classes (``colours``),
the words on it (``words``) and the folium page (``render``)."""
