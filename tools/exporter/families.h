/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The metric families clos-exporter writes, a row each, in the style of
 * CLOS_STATS: X(ID, TYPE, NAME, HELP), TYPE COUNTER or GAUGE (enum
 * mx_type without MX_), NAME the family's full name (counters end in
 * _total). collect.c makes each row a struct mx_def named ID.
 *
 * Where OpenConfig has a leaf for a counter, its HELP names it: the
 * interface counters of openconfig-interfaces, the queue counters of
 * openconfig-qos.
 */
#ifndef CLOS_EXPORTER_FAMILIES_H
#define CLOS_EXPORTER_FAMILIES_H

#define EXPORTER_FAMILIES(X) \
	X(SWITCH_UP, GAUGE, "clos_switch_up", "1 when the switch's pinned maps were read for this scrape, 0 when not (not attached, or pins that fail their checks)") \
	X(SWITCH_INFO, GAUGE, "clos_switch_info", "The switch's mode, role and namespace (always 1)") \
	/* The switch counters (closctl stats): drop_* and punt_* by	\
	 * reason, the others (forwarded, forwarded_ecmp, roce_v2, ...)	\
	 * a family each. */						\
	X(DROP_PKTS, COUNTER, "clos_dropped_packets_total", "Packets the data path dropped, by reason (closctl stats drop_REASON; OpenConfig in-discards, split by cause)") \
	X(DROP_BYTES, COUNTER, "clos_dropped_bytes_total", "Bytes of the packets the data path dropped, by reason") \
	X(PUNT_PKTS, COUNTER, "clos_punted_packets_total", "Packets handed to the switch's kernel, by reason (closctl stats punt_REASON)") \
	X(PUNT_BYTES, COUNTER, "clos_punted_bytes_total", "Bytes of the packets handed to the switch's kernel, by reason") \
	X(PORT_UP, GAUGE, "clos_port_up", "1 when the port is usable for egress and ECMP (link up), else 0 (OpenConfig oper-status)") \
	X(PORT_RATE, GAUGE, "clos_port_rate_bytes_per_second", "The port's egress rate (shaper and queue model), 0 when unshaped") \
	X(PORT_RX_PKTS, COUNTER, "clos_port_receive_packets_total", "Packets received on the port (OpenConfig in-pkts)") \
	X(PORT_RX_BYTES, COUNTER, "clos_port_receive_bytes_total", "Bytes received on the port (OpenConfig in-octets)") \
	X(PORT_TX_PKTS, COUNTER, "clos_port_transmit_packets_total", "Packets the data path forwarded out of the port (OpenConfig out-pkts)") \
	X(PORT_TX_BYTES, COUNTER, "clos_port_transmit_bytes_total", "Bytes the data path forwarded out of the port (OpenConfig out-octets)") \
	X(PORT_DROP_PKTS, COUNTER, "clos_port_dropped_packets_total", "Packets received on the port and dropped (OpenConfig in-discards)") \
	X(PORT_DROP_BYTES, COUNTER, "clos_port_dropped_bytes_total", "Bytes of the packets received on the port and dropped") \
	X(PORT_PUNT_PKTS, COUNTER, "clos_port_punted_packets_total", "Packets received on the port and handed to the switch's kernel") \
	X(PORT_PUNT_BYTES, COUNTER, "clos_port_punted_bytes_total", "Bytes of the packets received on the port and handed to the switch's kernel") \
	X(Q_TX_PKTS, COUNTER, "clos_queue_transmit_packets_total", "Packets the port's traffic class sent, CE-marked ones included (closctl queue show; OpenConfig qos queue transmit-pkts)") \
	X(Q_TX_BYTES, COUNTER, "clos_queue_transmit_bytes_total", "Bytes the port's traffic class sent (OpenConfig transmit-octets)") \
	X(Q_CE_PKTS, COUNTER, "clos_queue_ecn_marked_packets_total", "ECN-capable packets of the class this switch marked CE (OpenConfig ecn-marked-pkts)") \
	X(Q_DROP_PKTS, COUNTER, "clos_queue_dropped_packets_total", "Packets of a lossy class the queue model dropped past its limit (OpenConfig dropped-pkts; also in clos_dropped_packets_total{reason=\"queue_full\"})") \
	X(Q_BACKLOG, GAUGE, "clos_queue_backlog_bytes", "The class's backlog in the port's queue model now, drained to the present") \
	X(Q_MAX_BACKLOG, GAUGE, "clos_queue_max_backlog_bytes", "The highest backlog of the class since the counters were cleared") \
	X(Q_RACES, COUNTER, "clos_queue_model_races_total", "Updates of the port's queue model that met another CPU's (include/clos/tm_model.h)") \
	/* Queue mode: the kernel's HTB leaf class 1:(class+1) of a shaped port. */ \
	X(QD_PKTS, COUNTER, "clos_qdisc_transmit_packets_total", "Packets the kernel queue (HTB class) of the port and class sent (queue mode)") \
	X(QD_BYTES, COUNTER, "clos_qdisc_transmit_bytes_total", "Bytes the kernel queue (HTB class) of the port and class sent (queue mode)") \
	X(QD_DROPS, COUNTER, "clos_qdisc_dropped_packets_total", "Packets the kernel queue of the port and class dropped (queue mode)") \
	X(QD_OVERLIMITS, COUNTER, "clos_qdisc_overlimits_total", "Times the kernel queue of the port and class was over its rate (queue mode)") \
	X(QD_BACKLOG_BYTES, GAUGE, "clos_qdisc_backlog_bytes", "Bytes queued in the kernel queue of the port and class now (queue mode)") \
	X(QD_BACKLOG_PKTS, GAUGE, "clos_qdisc_backlog_packets", "Packets queued in the kernel queue of the port and class now (queue mode)") \
	X(ECMP_PKTS, COUNTER, "clos_ecmp_member_packets_total", "Packets an ECMP group sent through the member in its slot (closctl stats)") \
	X(ECMP_BYTES, COUNTER, "clos_ecmp_member_bytes_total", "Bytes an ECMP group sent through the member in its slot") \
	X(ECMP_ACTIVE, GAUGE, "clos_ecmp_member_active", "1 when the member takes flows (its port is up), else 0") \
	X(ECMP_BUCKETS, GAUGE, "clos_ecmp_member_buckets", "Hash buckets of a resilient group the member owns") \
	X(POLICED_PKTS, COUNTER, "clos_punt_policed_packets_total", "Packets the port's punt policer kept from the switch's kernel") \
	X(POLICED_BYTES, COUNTER, "clos_punt_policed_bytes_total", "Bytes of the packets the port's punt policer kept from the switch's kernel") \
	X(POLICE_RATE, GAUGE, "clos_punt_police_rate_packets_per_second", "The punt policer's rate, 0 when the port is not policed") \
	X(POLICE_BURST, GAUGE, "clos_punt_police_burst_packets", "The punt policer's burst") \
	/* The FIB sync's status file (clos-fibsync). */ \
	X(FS_INFO, GAUGE, "clos_fibsync_info", "The FIB sync's state as its status file says it (running, stopped); always 1") \
	X(FS_UPDATED, GAUGE, "clos_fibsync_status_updated_timestamp_seconds", "When clos-fibsync last wrote its status file, the source of every clos_fibsync_ metric") \
	X(FS_NL_MSGS, COUNTER, "clos_fibsync_netlink_messages_total", "rtnetlink messages read (events and dump answers)") \
	X(FS_NL_OBJS, COUNTER, "clos_fibsync_netlink_objects_total", "rtnetlink messages read, by kind of object (ignored: other tables, types, families)") \
	X(FS_RT_WRITES, COUNTER, "clos_fibsync_route_writes_total", "Routes the sync wrote into the switch's tables, by operation") \
	X(FS_NH_WRITES, COUNTER, "clos_fibsync_nexthop_writes_total", "Nexthops the sync wrote into the switch's tables, by operation") \
	X(FS_GRP_WRITES, COUNTER, "clos_fibsync_group_writes_total", "ECMP groups the sync wrote into the switch's tables, by operation") \
	X(FS_FULL, COUNTER, "clos_fibsync_full_syncs_total", "Full syncs: the first, and one after each forced resync") \
	X(FS_RESYNCS, COUNTER, "clos_fibsync_forced_resyncs_total", "Resyncs forced by lost events or an administrative link change") \
	X(FS_BATCHES, COUNTER, "clos_fibsync_batches_total", "Incremental passes over the kernel's events") \
	X(FS_PORTS, COUNTER, "clos_fibsync_port_changes_total", "Ports the sync set up or down") \
	X(FS_SOLICITS, COUNTER, "clos_fibsync_neighbour_solicits_total", "Neighbours the kernel was asked to resolve") \
	X(FS_ERRORS, COUNTER, "clos_fibsync_errors_total", "Errors of the sync, by kind") \
	X(FS_LAST_FULL, GAUGE, "clos_fibsync_last_full_sync_duration_seconds", "How long the last full sync took, dump to tables written") \
	X(FS_LAST_BATCH, GAUGE, "clos_fibsync_last_batch_duration_seconds", "How long the last batch took, events read to tables written") \
	X(FS_MAX_BATCH, GAUGE, "clos_fibsync_max_batch_duration_seconds", "The longest batch") \
	X(FS_BUSY, COUNTER, "clos_fibsync_busy_seconds_total", "Time spent in batches, all together") \
	X(FS_LAST_FULL_TS, GAUGE, "clos_fibsync_last_full_sync_timestamp_seconds", "When the last full sync ran (0: never)") \
	X(FS_LAST_CHANGE_TS, GAUGE, "clos_fibsync_last_change_timestamp_seconds", "When the sync last changed the tables (0: never)") \
	X(FS_RSS, GAUGE, "clos_fibsync_max_resident_memory_bytes", "The sync process's peak resident memory") \
	X(FS_ROUTES, GAUGE, "clos_fibsync_routes", "Routes the sync holds, by family") \
	X(FS_PUNTED, GAUGE, "clos_fibsync_punted_routes", "Routes the sync left to the switch's kernel (action kernel) or could not write")

#endif /* CLOS_EXPORTER_FAMILIES_H */
