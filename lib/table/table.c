// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "field.h"
#include "jsonout.h"
#include "log.h"
#include "parse_util.h"
#include "table.h"

#define USERS_LISTED	3	/* users named in an "in use" message */

/* Entries read from a map, key then value, stride bytes each. */
struct entries {
	__u8 *buf;
	size_t n, cap, stride;
};

int clos_table_get(const char *name, const struct clos_table **t,
		   struct clos_err *err)
{
	char names[256];

	*t = clos_table_find(name);
	if (!*t)
		return clos_err_set(err, -ENOENT,
				    "unknown table '%s' (tables: %s)", name,
				    clos_table_names(names, sizeof(names)));
	return 0;
}

int clos_table_check(const struct clos_switch *sw, const struct clos_table *t,
		     struct clos_err *err)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (t->key_size > CLOS_TABLE_KEY_MAX ||
	    t->value_size > CLOS_TABLE_VALUE_MAX)
		return clos_err_set(err, -EOVERFLOW,
				    "table %s: entry larger than closctl handles",
				    t->name);
	if (bpf_obj_get_info_by_fd(sw->fd[t->map], &info, &len))
		return clos_err_set(err, -errno, "table %s: cannot read map info: %s",
				    t->name, strerror(errno));
	if (info.key_size != t->key_size ||
	    info.value_size != (t->read ? t->map_value_size : t->value_size))
		return clos_err_set(err, -EPROTO,
				    "table %s: pinned map has key/value size %u/%u, schema expects %u/%u (closctl and the loaded pipeline differ)",
				    t->name, info.key_size, info.value_size,
				    t->key_size,
				    t->read ? t->map_value_size : t->value_size);
	return 0;
}

static int read_value(const struct clos_switch *sw, const struct clos_table *t,
		      const void *key, void *value)
{
	__u32 k;

	if (t->read)
		return t->read(sw, key, value);
	if (t->kind == CLOS_MK_PERCPU_ARRAY) {
		memcpy(&k, key, sizeof(k));
		return clos_percpu_sum(sw, t->map, k, value, t->value_size);
	}
	/* A value the data path changes under its spin lock is copied
	 * under that lock too, so it is never read half-updated. */
	if (bpf_map_lookup_elem_flags(sw->fd[t->map], key, value,
				      t->flags & CLOS_TF_LOCKED ? BPF_F_LOCK : 0))
		return -errno;
	return 0;
}

int clos_table_lookup(const struct clos_switch *sw, const struct clos_table *t,
		      const void *key, void *value)
{
	int err = read_value(sw, t, key, value);

	if (err)
		return err;
	if (t->present && clos_field_is_zero(t->present, value))
		return -ENOENT;
	return 0;
}

bool clos_table_has_id(const struct clos_switch *sw, const char *table,
		       __u32 id)
{
	const struct clos_table *t = clos_table_find(table);
	__u8 value[CLOS_TABLE_VALUE_MAX];

	return t && t->key_size == sizeof(id) &&
	       clos_table_lookup(sw, t, &id, value) == 0;
}

/* Listed entries: present, naming existing ports, non-zero if asked. */
static bool visible(const struct clos_switch *sw, const struct clos_table *t,
		    const void *key, const void *value)
{
	struct clos_port port;
	__u32 i;

	if (t->present && clos_field_is_zero(t->present, value))
		return false;
	for (i = 0; i < (__u32)t->num_keys; i++)
		if (t->keys[i].type == CLOS_FT_PORT &&
		    clos_port_get(sw, clos_field_get(&t->keys[i], key), &port))
			return false;
	if (t->flags & CLOS_TF_HIDE_ZERO) {
		const __u8 *v = value;

		for (i = 0; i < t->value_size; i++)
			if (v[i])
				return true;
		return false;
	}
	return true;
}

static int entries_add(struct entries *e, const struct clos_table *t,
		       const void *key, const void *value)
{
	__u8 *p;

	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 64;

		p = realloc(e->buf, cap * e->stride);
		if (!p)
			return -ENOMEM;
		e->buf = p;
		e->cap = cap;
	}
	p = e->buf + e->n++ * e->stride;
	memcpy(p, key, t->key_size);
	memcpy(p + t->key_size, value, t->value_size);
	return 0;
}

static int key_cmp(const void *a, const void *b, void *arg)
{
	const struct clos_table *t = arg;
	int i, c;

	for (i = 0; i < t->num_keys; i++) {
		c = clos_field_cmp(&t->keys[i], a, b);
		if (c)
			return c;
	}
	return 0;
}

/* Read every visible entry of t into e, sorted by key. */
static int collect(const struct clos_switch *sw, const struct clos_table *t,
		   struct entries *e, struct clos_err *err)
{
	__u8 key[CLOS_TABLE_KEY_MAX], next[CLOS_TABLE_KEY_MAX];
	__u8 value[CLOS_TABLE_VALUE_MAX];
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), k;
	void *prev = NULL;
	int ret;

	memset(e, 0, sizeof(*e));
	e->stride = t->key_size + t->value_size;
	ret = clos_table_check(sw, t, err);
	if (ret)
		return ret;
	if (t->kind == CLOS_MK_ARRAY || t->kind == CLOS_MK_PERCPU_ARRAY) {
		if (bpf_obj_get_info_by_fd(sw->fd[t->map], &info, &len))
			return clos_err_set(err, -errno, "table %s: %s",
					    t->name, strerror(errno));
		for (k = 0; k < info.max_entries; k++) {
			ret = read_value(sw, t, &k, value);
			if (ret == -ENOENT)	/* a read hook's empty slot */
				continue;
			if (ret)
				goto fail;
			if (!visible(sw, t, &k, value))
				continue;
			ret = entries_add(e, t, &k, value);
			if (ret)
				goto fail;
		}
	} else {
		while (!bpf_map_get_next_key(sw->fd[t->map], prev, next)) {
			memcpy(key, next, t->key_size);
			prev = key;
			ret = read_value(sw, t, key, value);
			if (ret == -ENOENT)	/* deleted meanwhile */
				continue;
			if (ret)
				goto fail;
			if (!visible(sw, t, key, value))
				continue;
			ret = entries_add(e, t, key, value);
			if (ret)
				goto fail;
		}
		if (errno != ENOENT) {
			ret = -errno;
			goto fail;
		}
	}
	if (e->n)	/* an empty table has no buffer */
		qsort_r(e->buf, e->n, e->stride, key_cmp, (void *)t);
	return 0;
fail:
	free(e->buf);
	e->buf = NULL;
	return clos_err_set(err, ret, "table %s: cannot read entries: %s",
			    t->name, strerror(-ret));
}

int clos_table_foreach(const struct clos_switch *sw, const struct clos_table *t,
		       clos_entry_fn fn, void *arg, struct clos_err *err)
{
	struct entries e;
	size_t i;
	int ret;

	ret = collect(sw, t, &e, err);
	if (ret)
		return ret;
	for (i = 0; i < e.n && !ret; i++) {
		const __u8 *p = e.buf + i * e.stride;

		ret = fn(t, p, p + t->key_size, arg);
	}
	free(e.buf);
	return ret;
}

const char *clos_table_key_str(const struct clos_switch *sw,
			       const struct clos_table *t, const void *key,
			       char *buf, size_t len)
{
	char str[CLOS_FIELD_STRLEN];
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < t->num_keys && off < len; i++) {
		clos_field_str(sw, &t->keys[i], key, str, sizeof(str));
		/* One field is just its value; several say which is which. */
		if (t->num_keys == 1)
			off += snprintf(buf + off, len - off, "%s", str);
		else
			off += snprintf(buf + off, len - off, "%s%s %s",
					i ? " " : "", t->keys[i].name, str);
	}
	return buf;
}

/* --- users: entries that refer to an id of another table ------------------ */

static bool field_refers(const struct clos_field *f, const char *table,
			 const void *value, __u32 id)
{
	const __u8 *p = (const __u8 *)value + f->offset;
	unsigned int i;
	__u32 nh;

	if (!f->ref || strcmp(f->ref, table))
		return false;
	if (f->type == CLOS_FT_MEMBERS) {
		for (i = 0; i < f->size / sizeof(nh); i++) {
			memcpy(&nh, p + i * sizeof(nh), sizeof(nh));
			if (nh == id)
				return true;
		}
		return false;
	}
	return clos_field_get(f, value) == id;
}

static bool entry_refers(const struct clos_table *u, const void *value,
			 const char *table, __u32 id)
{
	const struct clos_action *a = NULL;
	int i;

	/* Only the parameters of the entry's own action mean anything. */
	if (u->num_actions)
		a = clos_action_by_value(u, clos_field_get(&u->action_field,
							   value));
	for (i = 0; a && i < a->num_params; i++)
		if (field_refers(&a->params[i], table, value, id))
			return true;
	for (i = 0; i < u->num_attrs; i++)
		if (field_refers(&u->attrs[i], table, value, id))
			return true;
	return false;
}

static bool table_refers_to(const struct clos_table *u, const char *table)
{
	int i, j;

	for (i = 0; i < u->num_actions; i++)
		for (j = 0; j < u->actions[i].num_params; j++)
			if (u->actions[i].params[j].ref &&
			    !strcmp(u->actions[i].params[j].ref, table))
				return true;
	for (i = 0; i < u->num_attrs; i++)
		if (u->attrs[i].ref && !strcmp(u->attrs[i].ref, table))
			return true;
	return false;
}

struct users {
	const struct clos_switch *sw;
	const char *table;
	__u32 id;
	int count;
	char *buf;
	size_t len, off;
};

static int note_user(const struct clos_table *u, const void *key,
		     const void *value, void *arg)
{
	struct users *us = arg;
	char k[CLOS_FIELD_STRLEN];

	if (!entry_refers(u, value, us->table, us->id))
		return 0;
	if (++us->count <= USERS_LISTED && us->off < us->len)
		us->off += snprintf(us->buf + us->off, us->len - us->off,
				    "%s%s %s", us->off ? ", " : "", u->name,
				    clos_table_key_str(us->sw, u, key, k,
						       sizeof(k)));
	return 0;
}

int clos_table_users(const struct clos_switch *sw, const struct clos_table *t,
		     __u32 id, char *buf, size_t len, struct clos_err *err)
{
	struct users us = {
		.sw = sw, .table = t->name, .id = id, .buf = buf, .len = len,
	};
	int i, ret;

	buf[0] = '\0';
	for (i = 0; i < clos_num_tables; i++) {
		if (!table_refers_to(&clos_tables[i], t->name))
			continue;
		ret = clos_table_foreach(sw, &clos_tables[i], note_user, &us,
					 err);
		if (ret)
			return ret;
	}
	if (us.count > USERS_LISTED && us.off < len)
		snprintf(buf + us.off, len - us.off, " and %d more",
			 us.count - USERS_LISTED);
	return us.count;
}

/* --- add / del ------------------------------------------------------------ */

static int writable(const struct clos_table *t, struct clos_err *err)
{
	if ((t->flags & CLOS_TF_READ_ONLY) || !t->num_actions)
		return clos_err_set(err, -EPERM, "table %s is read-only: %s",
				    t->name, t->hint ? t->hint : "");
	return 0;
}

static const char *field_names(const struct clos_field *f, int n, char *buf,
			       size_t len)
{
	const char *names[8];
	int i;

	for (i = 0; i < n && i < 8; i++)
		names[i] = f[i].name;
	clos_keywords_join(names, i, buf, len);
	/* "prefix", "group slot": fields are listed with spaces. */
	for (char *p = buf; *p; p++)
		if (*p == '|')
			*p = ' ';
	return buf;
}

static int parse_key(const struct clos_switch *sw, const struct clos_table *t,
		     char **argv, void *key, struct clos_err *err)
{
	struct clos_err why;
	int i, ret;

	memset(key, 0, t->key_size);
	for (i = 0; i < t->num_keys; i++) {
		ret = clos_field_parse(sw, &t->keys[i], argv[i], key, &why);
		if (ret == -ENOENT)
			return clos_err_set(err, ret, "%s: %s '%s' does not exist",
					    t->name, t->keys[i].name, argv[i]);
		if (ret)
			return clos_err_set(err, ret, "%s key %s '%s': %s",
					    t->name, t->keys[i].name, argv[i],
					    why.msg);
	}
	return 0;
}

/* Fill value with action a and its params from argv, then check that the
 * entries the params refer to exist. ctx names the entry in messages. */
static int parse_action(const struct clos_switch *sw,
			const struct clos_table *t,
			const struct clos_action *a, char **argv,
			void *value, const char *ctx, struct clos_err *err)
{
	const struct clos_field *p;
	struct clos_err why;
	int i, j, ret;

	/* The value holds one action's data: clear every action's. */
	for (i = 0; i < t->num_actions; i++)
		for (j = 0; j < t->actions[i].num_params; j++) {
			p = &t->actions[i].params[j];
			memset((__u8 *)value + p->offset, 0, p->size);
		}
	clos_field_put(&t->action_field, value, a->value);
	for (i = 0; i < a->num_params; i++) {
		p = &a->params[i];
		ret = clos_field_parse(sw, p, argv[i], value, &why);
		if (ret == -ENOENT)
			return clos_err_set(err, ret, "%s: %s '%s' does not exist",
					    ctx, p->name, argv[i]);
		if (ret)
			return clos_err_set(err, ret, "%s: %s '%s': %s", ctx,
					    p->name, argv[i], why.msg);
		if (p->ref && !clos_table_has_id(sw, p->ref,
						 clos_field_get(p, value)))
			return clos_err_set(err, -ENOENT,
					    "%s: %s '%s' does not exist", ctx,
					    p->name, argv[i]);
	}
	return 0;
}

/* Where the key ends: at "=>" (which shells want quoted: '=>'), or, as
 * "=>" may be left out, after the table's key fields. */
static int find_arrow(const struct clos_table *t, int argc, char **argv,
		      int *arrow, struct clos_err *err)
{
	char list[256];
	int i;

	for (i = 0; i < argc; i++) {
		/* An unquoted => reaches us as "=", the rest a redirection. */
		if (!strcmp(argv[i], "="))
			return clos_err_set(err, -EINVAL,
					    "table add %s: got '=': the shell took the '>' of => for a redirection; quote it ('=>') or leave it out",
					    t->name);
		if (!strcmp(argv[i], "=>"))
			break;
	}
	if (i == argc && argc > t->num_keys)
		i = t->num_keys;
	if (i != t->num_keys)
		return clos_err_set(err, -EINVAL,
				    "table %s has %d key field%s (%s), got %d; e.g. closctl %s",
				    t->name, t->num_keys,
				    t->num_keys == 1 ? "" : "s",
				    field_names(t->keys, t->num_keys, list,
						sizeof(list)), i, t->example);
	*arrow = i;
	return 0;
}

/* Write an entry; *existed says whether it replaced one with that exact key
 * (a lookup cannot tell for an LPM trie: it returns the longest match). */
static int write_entry(struct clos_switch *sw, const struct clos_table *t,
		       const void *key, const void *value, bool *existed)
{
	__u8 cur[CLOS_TABLE_VALUE_MAX];
	int fd = sw->fd[t->map];

	if (t->kind == CLOS_MK_ARRAY || t->kind == CLOS_MK_PERCPU_ARRAY) {
		*existed = clos_table_lookup(sw, t, key, cur) == 0;
		return bpf_map_update_elem(fd, key, value, BPF_ANY) ? -errno : 0;
	}
	*existed = false;
	if (!bpf_map_update_elem(fd, key, value, BPF_NOEXIST))
		return 0;
	if (errno != EEXIST)
		return -errno;
	*existed = true;
	return bpf_map_update_elem(fd, key, value, BPF_ANY) ? -errno : 0;
}

int clos_table_add(struct clos_switch *sw, const char *table, int argc,
		   char **argv, struct clos_err *err)
{
	__u8 key[CLOS_TABLE_KEY_MAX], value[CLOS_TABLE_VALUE_MAX];
	__u8 old[CLOS_TABLE_VALUE_MAX];
	char ctx[CLOS_FIELD_STRLEN + 32], k[CLOS_FIELD_STRLEN], list[256];
	const struct clos_action *a;
	const struct clos_table *t;
	int arrow = 0, act, nparams, ret;
	bool existed;

	ret = clos_table_get(table, &t, err);
	if (!ret)
		ret = writable(t, err);
	if (!ret)
		ret = clos_table_check(sw, t, err);
	if (ret)
		return ret;

	ret = find_arrow(t, argc, argv, &arrow, err);
	if (ret)
		return ret;
	ret = parse_key(sw, t, argv, key, err);
	if (ret)
		return ret;
	snprintf(ctx, sizeof(ctx), "%s %s", t->name,
		 clos_table_key_str(sw, t, key, k, sizeof(k)));

	/* argv[arrow] is "=>" when it was given, else the action. */
	act = arrow < argc && !strcmp(argv[arrow], "=>") ? arrow + 1 : arrow;
	if (act == argc)
		return clos_err_set(err, -EINVAL, "%s: missing action (%s)",
				    ctx, clos_action_names(t, list, sizeof(list)));
	a = clos_action_find(t, argv[act]);
	if (!a)
		return clos_err_set(err, -EINVAL,
				    "%s: unknown action '%s' (actions: %s)", ctx,
				    argv[act],
				    clos_action_names(t, list, sizeof(list)));
	nparams = argc - act - 1;
	if (nparams != a->num_params)
		return clos_err_set(err, -EINVAL,
				    "%s: action %s takes %d parameter%s%s%s%s, got %d",
				    ctx, a->name, a->num_params,
				    a->num_params == 1 ? "" : "s",
				    a->num_params ? " (" : "",
				    field_names(a->params, a->num_params, list,
						sizeof(list)),
				    a->num_params ? ")" : "", nparams);

	if (t->flags & CLOS_TF_MODIFY_ONLY) {
		/* Keep what the loader owns (ifindex, MAC, name...). */
		if (clos_table_lookup(sw, t, key, old))
			return clos_err_set(err, -ENOENT, "%s does not exist (%s)",
					    ctx, t->hint ? t->hint : "");
		memcpy(value, old, t->value_size);
	} else {
		memset(value, 0, t->value_size);
	}
	ret = parse_action(sw, t, a, argv + act + 1, value, ctx, err);
	if (ret)
		return ret;

	ret = write_entry(sw, t, key, value, &existed);
	if (ret)
		return clos_err_set(err, ret, "%s: cannot write: %s", ctx,
				    strerror(-ret));
	pr_info("%s: %s\n", ctx, existed ? "replaced" : "added");
	return 0;
}

int clos_table_del(struct clos_switch *sw, const char *table, int argc,
		   char **argv, struct clos_err *err)
{
	__u8 key[CLOS_TABLE_KEY_MAX], value[CLOS_TABLE_VALUE_MAX];
	char ctx[CLOS_FIELD_STRLEN + 32], k[CLOS_FIELD_STRLEN], list[256];
	const struct clos_table *t;
	__u32 id;
	int ret;

	ret = clos_table_get(table, &t, err);
	if (!ret)
		ret = writable(t, err);
	if (!ret && (t->flags & CLOS_TF_MODIFY_ONLY))
		ret = clos_err_set(err, -EPERM,
				   "entries of table %s cannot be deleted: %s",
				   t->name, t->hint ? t->hint : "");
	if (!ret)
		ret = clos_table_check(sw, t, err);
	if (ret)
		return ret;
	if (argc != t->num_keys)
		return clos_err_set(err, -EINVAL,
				    "table del %s takes %d key field%s (%s), got %d",
				    t->name, t->num_keys,
				    t->num_keys == 1 ? "" : "s",
				    field_names(t->keys, t->num_keys, list,
						sizeof(list)), argc);
	ret = parse_key(sw, t, argv, key, err);
	if (ret)
		return ret;
	snprintf(ctx, sizeof(ctx), "%s %s", t->name,
		 clos_table_key_str(sw, t, key, k, sizeof(k)));
	/* An LPM lookup finds the longest match, not this prefix: there the
	 * delete itself says whether the entry exists. */
	if (t->kind != CLOS_MK_LPM && clos_table_lookup(sw, t, key, value))
		return clos_err_set(err, -ENOENT, "%s does not exist", ctx);

	if (t->key_size == sizeof(id)) {
		memcpy(&id, key, sizeof(id));
		ret = clos_table_users(sw, t, id, list, sizeof(list), err);
		if (ret < 0)
			return ret;
		if (ret > 0)
			return clos_err_set(err, -EBUSY,
					    "%s is in use by %s; change or delete %s first",
					    ctx, list, ret == 1 ? "it" : "them");
	}

	if (t->kind == CLOS_MK_ARRAY) {
		/* Array slots cannot go away: an all-zero slot is absent. */
		memset(value, 0, t->value_size);
		ret = bpf_map_update_elem(sw->fd[t->map], key, value, BPF_ANY);
	} else {
		ret = bpf_map_delete_elem(sw->fd[t->map], key);
	}
	if (ret && errno == ENOENT)
		return clos_err_set(err, -ENOENT, "%s does not exist", ctx);
	if (ret)
		return clos_err_set(err, -errno, "%s: cannot delete: %s", ctx,
				    strerror(errno));
	pr_info("%s: deleted\n", ctx);
	return 0;
}

/* --- show ----------------------------------------------------------------- */

/* "ecmp 1": the action and its parameters as typed after "=>". */
static const char *action_str(const struct clos_switch *sw,
			      const struct clos_table *t, const void *value,
			      char *buf, size_t len)
{
	const struct clos_action *a;
	char str[CLOS_FIELD_STRLEN];
	__u64 av;
	size_t off;
	int i;

	buf[0] = '\0';
	if (!t->num_actions)
		return buf;
	av = clos_field_get(&t->action_field, value);
	a = clos_action_by_value(t, av);
	if (!a) {
		snprintf(buf, len, "#%llu", (unsigned long long)av);
		return buf;
	}
	off = snprintf(buf, len, "%s", a->name);
	for (i = 0; i < a->num_params && off < len; i++)
		off += snprintf(buf + off, len - off, " %s",
				clos_field_str(sw, &a->params[i], value, str,
					       sizeof(str)));
	return buf;
}

/* Text: "KEY => ACTION PARAM...  attr value ...", columns padded to the
 * widths given. JSON: {"key":{..},"action":..,"params":{..},"attrs":{..}}. */
static void print_entry(const struct clos_switch *sw,
			const struct clos_table *t, const void *key,
			const void *value, int key_width, int action_width)
{
	const struct clos_action *a = NULL;
	char k[CLOS_FIELD_STRLEN * 2];
	int i;

	jout_open_object(NULL);
	jout_open_object("key");
	for (i = 0; i < t->num_keys; i++)
		clos_field_print(sw, &t->keys[i], key, JOUT_JSON, NULL);
	jout_close_object();
	jout_text("%-*s", key_width,
		  clos_table_key_str(sw, t, key, k, sizeof(k)));

	if (t->num_actions) {
		jout_text(" => %-*s", action_width,
			  action_str(sw, t, value, k, sizeof(k)));
		a = clos_action_by_value(t, clos_field_get(&t->action_field,
							   value));
		jout_string(JOUT_JSON, "action", NULL, a ? a->name : k);
	}
	if (a && a->num_params) {
		jout_open_object("params");
		for (i = 0; i < a->num_params; i++)
			clos_field_print(sw, &a->params[i], value, JOUT_JSON,
					 NULL);
		jout_close_object();
	}
	if (t->num_attrs) {
		jout_open_object("attrs");
		for (i = 0; i < t->num_attrs; i++) {
			jout_text("  %s ", t->attrs[i].name);
			clos_field_print(sw, &t->attrs[i], value, JOUT_ANY,
					 "%s");
		}
		jout_close_object();
	}
	jout_text("\n");
	jout_close_object();
}

int clos_table_show(const struct clos_switch *sw, const char *table,
		    struct clos_err *err)
{
	char k[CLOS_FIELD_STRLEN * 2];
	int kw = 0, aw = 0, ret, n;
	const struct clos_table *t;
	struct entries e;
	size_t i;

	ret = clos_table_get(table, &t, err);
	if (!ret)
		ret = collect(sw, t, &e, err);
	if (ret)
		return ret;
	for (i = 0; i < e.n; i++) {
		const __u8 *p = e.buf + i * e.stride;

		n = strlen(clos_table_key_str(sw, t, p, k, sizeof(k)));
		kw = n > kw ? n : kw;
		/* The last column is not padded: no trailing blanks. */
		if (!t->num_attrs)
			continue;
		n = strlen(action_str(sw, t, p + t->key_size, k, sizeof(k)));
		aw = n > aw ? n : aw;
	}
	jout_open_array(NULL);
	for (i = 0; i < e.n; i++) {
		const __u8 *p = e.buf + i * e.stride;

		print_entry(sw, t, p, p + t->key_size, kw, aw);
	}
	jout_close_array();
	free(e.buf);
	return 0;
}
