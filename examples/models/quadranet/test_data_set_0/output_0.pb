
BoutputJ(²z=yX?uH	ÀÅ±¨?*ÊA>ÂJÀÕÀã€Å>JÅa¿*G³¿