# CE fraction against backlog: measured (points, binomial 1-sigma bars of
# the configured probability) and the configured WRED curve, per profile.
# gnuplot -e "data0=..; data1=..; out=..; t0=..; t1=..; kmin0=..; kmax0=..;
#             pmax0=..; kmin1=..; kmax1=..; pmax1=.." plot-ecn.gp
# data columns: backlog (bytes), measured, configured, sigma
set terminal svg size 900,400 dynamic font "sans,12"
set output out
set datafile separator "\t"
set multiplot layout 1,2
set logscale y
set yrange [0.001:1.5]
set xlabel "class-3 backlog (KB)"
set ylabel "share of ECT frames marked CE"
set grid
set key bottom right
set samples 2000
w(x, kmin, kmax, pmax) = x < kmin ? 1/0 : (x >= kmax ? 1 : \
	(pmax * (x - kmin) / (kmax - kmin) > 0 ? pmax * (x - kmin) / (kmax - kmin) : 1/0))
pos(y) = y > 0 ? y : 1/0
set title t0
set xrange [0:kmax0 * 1.25 / 1000]
plot w(x * 1000, kmin0, kmax0, pmax0) with lines lw 2 title "configured", \
     data0 using ($1 / 1000):(pos($2)):4 with yerrorbars pt 7 ps 0.6 title "measured"
set title t1
set xrange [0:kmax1 * 1.25 / 1000]
plot w(x * 1000, kmin1, kmax1, pmax1) with lines lw 2 title "configured", \
     data1 using ($1 / 1000):(pos($2)):4 with yerrorbars pt 7 ps 0.6 title "measured"
unset multiplot
