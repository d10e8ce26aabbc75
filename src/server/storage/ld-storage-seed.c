/* ld-storage-seed.c — deterministic Russian demo data (--seed-demo N)
 *
 * One transaction, prepared statements, explicit ids and a fixed PRNG seed: the same N
 * gives the same rows. Member 1 carries a long history (for paging); the others a
 * short one, shorter still for large N, so a million members seed in minutes.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ld-error.h"
#include "ld-storage-private.h"

#define SEED 20261123
#define FIRST_CARD G_GINT64_CONSTANT (2700000000000)
#define MEMBER_PASSWORD "demo1234"
#define MEMBERS_WITH_PASSWORD 1000

/* ---- the vocabulary */

static const char * const last_names[] = {
  "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
  "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
  "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
  "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
  "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
  "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
  "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
  "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
  "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
  "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
  "Маслов", "Рыбаков", "Суворов", "Горбунов", "Островский", "Вишневский", "Покровский",
  "Белецкий", "Шевченко", "Бондаренко", "Коваленко", "Ким", "Черных", "Седых",
};

static const char * const male_first_names[] = {
  "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья",
  "Кирилл", "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис",
  "Евгений", "Даниил", "Тимофей", "Владислав", "Игорь", "Владимир", "Павел", "Руслан",
  "Марк", "Константин", "Тимур", "Олег", "Ярослав", "Антон", "Николай", "Глеб", "Пётр",
  "Фёдор", "Виктор", "Юрий", "Василий", "Степан", "Григорий",
};

static const char * const female_first_names[] = {
  "Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Марина", "Полина",
  "София", "Дарья", "Алиса", "Ксения", "Александра", "Елена", "Ольга", "Татьяна",
  "Ирина", "Юлия", "Светлана", "Вероника", "Алёна", "Валерия", "Кристина", "Людмила",
  "Галина", "Надежда", "Любовь", "Вера", "Евгения", "Милана", "Ульяна", "Василиса",
  "Ева", "Арина", "Есения", "Варвара", "Яна", "Маргарита", "Оксана", "Лидия",
};

static const char * const patronymics[][2] = {
  { "Александрович", "Александровна" }, { "Сергеевич", "Сергеевна" }, { "Иванович", "Ивановна" },
  { "Дмитриевич", "Дмитриевна" }, { "Андреевич", "Андреевна" }, { "Алексеевич", "Алексеевна" },
  { "Николаевич", "Николаевна" }, { "Михайлович", "Михайловна" }, { "Владимирович", "Владимировна" },
  { "Петрович", "Петровна" }, { "Викторович", "Викторовна" }, { "Юрьевич", "Юрьевна" },
  { "Олегович", "Олеговна" }, { "Игоревич", "Игоревна" }, { "Евгеньевич", "Евгеньевна" },
  { "Павлович", "Павловна" }, { "Васильевич", "Васильевна" }, { "Анатольевич", "Анатольевна" },
  { "Константинович", "Константиновна" }, { "Максимович", "Максимовна" }, { "Ильич", "Ильинична" },
  { "Фёдорович", "Фёдоровна" }, { "Григорьевич", "Григорьевна" }, { "Борисович", "Борисовна" },
  { "Романович", "Романовна" }, { "Артёмович", "Артёмовна" },
};

static const char * const cities[] = {
  "Москва", "Москва", "Москва", "Санкт-Петербург", "Санкт-Петербург", "Химки", "Мытищи",
  "Балашиха", "Подольск", "Пушкин", "Колпино", "Королёв",
};

static const char * const points_of_sale[] = {
  "Москва, ул. Тверская, 12",
  "Москва, Ленинградский пр-т, 39",
  "Москва, ул. Профсоюзная, 56",
  "Москва, Кутузовский пр-т, 48",
  "Москва, ТЦ «Европейский», пл. Киевского Вокзала, 2",
  "Санкт-Петербург, Невский пр-т, 114",
  "Санкт-Петербург, ул. Савушкина, 141",
  "Санкт-Петербург, Московский пр-т, 220",
  "Интернет-магазин",
};

static const char * const programs[] = {
  "Основная программа",
  "Партнёрская программа",
};

static const char * const email_domains[] = {
  "mail.ru", "yandex.ru", "gmail.com", "bk.ru", "rambler.ru", "inbox.ru", "example.ru",
};

static const struct
{
  const char *sku;
  const char *name;
  gint64      price;
} products[] = {
  { "100001", "Молоко 3,2% 1 л", 8990 }, { "100002", "Кефир 1% 900 г", 7490 },
  { "100003", "Творог 5% 200 г", 10990 }, { "100004", "Сметана 20% 300 г", 12990 },
  { "100005", "Йогурт греческий 2% 140 г", 6990 }, { "100006", "Сыр «Российский» 200 г", 21990 },
  { "100007", "Масло сливочное 82,5% 180 г", 19990 }, { "100008", "Яйца куриные С1, 10 шт.", 11990 },
  { "100009", "Хлеб «Бородинский» 400 г", 6490 }, { "100010", "Батон нарезной 400 г", 5490 },
  { "100011", "Гречка ядрица 900 г", 10990 }, { "100012", "Рис круглозёрный 900 г", 9990 },
  { "100013", "Макароны «Спагетти» 450 г", 8990 }, { "100014", "Овсяные хлопья 500 г", 7990 },
  { "100015", "Сахар-песок 1 кг", 8990 }, { "100016", "Мука пшеничная 2 кг", 11990 },
  { "100017", "Масло подсолнечное 1 л", 14990 }, { "100018", "Чай чёрный листовой 100 г", 19990 },
  { "100019", "Кофе молотый 250 г", 44990 }, { "100020", "Шоколад молочный 90 г", 9990 },
  { "100021", "Печенье овсяное 300 г", 8490 }, { "100022", "Пельмени «Сибирские» 800 г", 39990 },
  { "100023", "Курица охлаждённая, 1 кг", 29990 }, { "100024", "Фарш говяжий 400 г", 34990 },
  { "100025", "Сёмга слабосолёная 150 г", 49990 }, { "100026", "Колбаса «Докторская» 400 г", 32990 },
  { "100027", "Сосиски молочные 450 г", 27990 }, { "100028", "Картофель, 1 кг", 4990 },
  { "100029", "Морковь, 1 кг", 5990 }, { "100030", "Лук репчатый, 1 кг", 3990 },
  { "100031", "Огурцы среднеплодные, 1 кг", 19990 }, { "100032", "Помидоры черри 250 г", 21990 },
  { "100033", "Яблоки «Голден», 1 кг", 15990 }, { "100034", "Бананы, 1 кг", 13990 },
  { "100035", "Апельсины, 1 кг", 17990 }, { "100036", "Мандарины, 1 кг", 22990 },
  { "100037", "Сок яблочный 1 л", 12990 }, { "100038", "Вода минеральная 1,5 л", 6990 },
  { "100039", "Квас хлебный 1,5 л", 10990 }, { "100040", "Мороженое пломбир 80 г", 7990 },
  { "100041", "Зубная паста 100 мл", 19990 }, { "100042", "Шампунь 400 мл", 39990 },
  { "100043", "Гель для душа 250 мл", 24990 }, { "100044", "Стиральный порошок 3 кг", 79990 },
  { "100045", "Средство для посуды 500 мл", 14990 }, { "100046", "Бумага туалетная, 8 рулонов", 29990 },
  { "100047", "Подгузники, 44 шт.", 129990 }, { "100048", "Корм для кошек 400 г", 24990 },
  { "100049", "Корм для собак 2 кг", 89990 }, { "100050", "Мёд цветочный 500 г", 54990 },
};

static const char * const operation_descriptions[] = {
  "Начисление за покупку", "Списание в счёт оплаты покупки", "Начисление по акции «Двойные баллы»",
  "Возврат начисленных баллов", "Приветственные баллы", "Баллы ко дню рождения",
};

/* ---- the generator */

typedef struct
{
  LdStorage   *self;
  GRand       *rand;
  gint64       t0;              /* "now" of the demo world: a fixed time */
  gint64       next_card;
  gint64       next_purchase;
  gint64       next_operation;
  gint64       next_message;
  gint64       next_history;
  guint        n_members;
  gboolean     large;
  gint64       agent_id;
  gint64       supervisor_id;
  char        *member_password_hash;
  GString     *text;

  LdStatement *account;
  LdStatement *account_add;
  LdStatement *member;
  LdStatement *status;
  LdStatement *card;
  LdStatement *purchase;
  LdStatement *operation;
  LdStatement *message;
  LdStatement *product;
  LdStatement *favorite;
  LdStatement *favorite_change;
  LdStatement *subscription;
  LdStatement *outbox;
  LdStatement *action;
} Seeder;

typedef struct
{
  char     number[20];
  gboolean live;       /* activated or blocked: carries a balance, takes purchases */
} SeedCard;

static guint
pick (Seeder *seeder,
      guint   n)
{
  return g_rand_int_range (seeder->rand, 0, n);
}

static gint64
between (Seeder *seeder,
         gint64  low,
         gint64  high)
{
  if (high <= low)
    return low;
  return low + (gint64) (g_rand_double (seeder->rand) * (double) (high - low));
}

static gboolean
chance (Seeder *seeder,
        double  p)
{
  return g_rand_double (seeder->rand) < p;
}

static char *
female_last_name (const char *male)
{
  if (g_str_has_suffix (male, "ий"))
    return g_strdup_printf ("%.*sая", (int) (strlen (male) - strlen ("ий")), male);
  if (g_str_has_suffix (male, "ов") || g_str_has_suffix (male, "ев") || g_str_has_suffix (male, "ёв") ||
      g_str_has_suffix (male, "ин") || g_str_has_suffix (male, "ын"))
    return g_strconcat (male, "а", NULL);
  return g_strdup (male);
}

static void
append_translit (GString    *out,
                 const char *text)
{
  static const char * const table[] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
  };
  g_autofree char *lower = g_utf8_strdown (text, -1);

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0430 && c <= 0x044F)
        g_string_append (out, table[c - 0x0430]);
      else if (c == 0x0451)
        g_string_append (out, "e");
      else if (c < 0x80 && g_ascii_isalnum (c))
        g_string_append_c (out, c);
    }
}

/* a unique mobile number for every member: an affine map of the id modulo 10^9 */
static char *
member_phone (gint64 id)
{
  gint64 n = (id * G_GINT64_CONSTANT (7919) + G_GINT64_CONSTANT (123456789)) % G_GINT64_CONSTANT (1000000000);

  return g_strdup_printf ("+79%09" G_GINT64_FORMAT, n);
}

static char *
time_text (gint64 t)
{
  return ld_storage_format_time (t);
}

/* every row of the seed is queued: on PostgreSQL hundreds of them go in one round trip
 * instead of one each (ld_statement_queue()) */
static gboolean
run (LdStatement  *statement,
     GError      **error)
{
  gboolean ok = ld_statement_queue (statement, error);

  ld_statement_release (statement);
  return ok;
}

static gboolean
add_action (Seeder      *seeder,
            gint64       t,
            gint64       operator_id,
            const char  *action,
            const char  *target,
            const char  *reason,
            gint64       member_id,
            GError     **error)
{
  g_autofree char *at = time_text (t);

  /* ld_storage_add_action()'s row, queued */
  ld_storage_bind_action (seeder->action, at, operator_id, action, target, reason, member_id);
  return run (seeder->action, error);
}

static gboolean
add_card (Seeder      *seeder,
          SeedCard    *card,
          const char  *type,
          const char  *category,
          const char  *state,
          gint64       balance,
          gboolean     main,
          gint64       owner_id,
          const char  *blocked_reason,
          const char  *replaced_by,
          const char  *first_pos,
          gint64       issued,
          gint64       activated,
          GError     **error)
{
  g_autofree char *issued_at = time_text (issued);
  g_autofree char *activated_at = activated ? time_text (activated) : NULL;
  LdStatement *s = seeder->card;

  g_snprintf (card->number, sizeof card->number, "%" G_GINT64_FORMAT, seeder->next_card++);
  card->live = g_str_equal (state, "activated") || g_str_equal (state, "blocked");

  ld_statement_bind_text (s, 1, card->number);
  ld_statement_bind_text (s, 2, type);
  ld_statement_bind_text (s, 3, category);
  ld_statement_bind_text (s, 4, state);
  ld_statement_bind_int (s, 5, balance);
  ld_statement_bind_int (s, 6, main);
  ld_statement_bind_id (s, 7, owner_id);
  ld_statement_bind_text (s, 8, blocked_reason);
  ld_statement_bind_text (s, 9, replaced_by);
  ld_statement_bind_text (s, 10, first_pos);
  ld_statement_bind_text (s, 11, issued_at);
  ld_statement_bind_text (s, 12, activated_at);
  return run (s, error);
}

static const char *
random_category (Seeder *seeder)
{
  guint r = pick (seeder, 100);

  return r < 80 ? "regular" : r < 92 ? "employee" : "vip";
}

/* one purchase; answers the bonus points it left on the card */
static gboolean
add_purchase (Seeder      *seeder,
              gint64       account_id,
              gint64       member_id,
              const char  *card,
              gint64       t,
              guint        pos,
              gint64      *bonus,
              GError     **error)
{
  g_autofree char *at = time_text (t);
  g_autofree char *receipt = NULL;
  LdStatement *s = seeder->purchase;
  guint r = pick (seeder, 100);
  const char *status = r < 85 ? "confirmed" : r < 92 ? "incomplete" : "canceled";
  gint64 amount = between (seeder, 4990, 1500000);
  gint64 accrued = amount / 2000;      /* 5 % of the roubles as points */
  gint64 deducted = chance (seeder, 0.2) ? MIN (amount / 200, between (seeder, 50, 2000)) : 0;
  gint64 id = seeder->next_purchase++;

  receipt = g_strdup_printf ("%02u-%08" G_GINT64_FORMAT, pos + 1, id);
  ld_statement_bind_int (s, 1, id);
  ld_statement_bind_id (s, 2, account_id);
  ld_statement_bind_id (s, 3, member_id);
  ld_statement_bind_text (s, 4, card);
  ld_statement_bind_text (s, 5, receipt);
  ld_statement_bind_text (s, 6, at);
  ld_statement_bind_text (s, 7, points_of_sale[pos]);
  ld_statement_bind_text (s, 8, programs[chance (seeder, 0.8) ? 0 : 1]);
  ld_statement_bind_int (s, 9, amount);
  ld_statement_bind_int (s, 10, accrued);
  ld_statement_bind_int (s, 11, deducted);
  ld_statement_bind_text (s, 12, status);
  if (bonus != NULL)
    *bonus = g_str_equal (status, "confirmed") ? accrued - deducted : 0;
  return run (s, error);
}

static gboolean
add_operation (Seeder      *seeder,
               gint64       member_id,
               const char  *card,
               gint64       t,
               GError     **error)
{
  g_autofree char *at = time_text (t);
  LdStatement *s = seeder->operation;
  guint d = pick (seeder, G_N_ELEMENTS (operation_descriptions));
  static const char * const kinds[] = { "accrual", "deduction", "accrual", "refund", "welcome", "accrual" };
  gint64 amount = between (seeder, 10, 3000);

  if (d == 1 || d == 3)
    amount = -amount;
  ld_statement_bind_int (s, 1, seeder->next_operation++);
  ld_statement_bind_int (s, 2, member_id);
  ld_statement_bind_text (s, 3, card);
  ld_statement_bind_text (s, 4, kinds[d]);
  ld_statement_bind_int (s, 5, amount);
  ld_statement_bind_text (s, 6, operation_descriptions[d]);
  if (d <= 1)
    ld_statement_bind_text (s, 7, points_of_sale[pick (seeder, G_N_ELEMENTS (points_of_sale))]);
  else
    ld_statement_bind_null (s, 7);
  ld_statement_bind_text (s, 8, at);
  return run (s, error);
}

static gboolean
add_message (Seeder      *seeder,
             gint64       member_id,
             const char  *phone,
             const char  *email,
             const char  *first_name,
             gint64       t,
             GError     **error)
{
  static const char * const email_subjects[] = {
    "Новые акции недели", "Ваш электронный чек", "Изменения в программе лояльности", "Подарок ко дню рождения",
  };
  g_autofree char *at = time_text (t);
  LdStatement *s = seeder->message;
  guint r = pick (seeder, 100);
  const char *channel = r < 50 ? "sms" : r < 80 && email ? "email" : "push";
  const char *status;
  guint k = pick (seeder, 4);
  int points;

  r = pick (seeder, 100);
  if (g_str_equal (channel, "sms"))
    status = r < 75 ? "delivered" : r < 92 ? "sent" : "failed";
  else
    status = r < 45 ? "read" : r < 80 ? "delivered" : r < 93 ? "sent" : "failed";

  g_string_truncate (seeder->text, 0);
  points = (int) between (seeder, 50, 2000);
  switch (k)
    {
    case 0:
      g_string_append_printf (seeder->text, "%s, на вашу карту начислено %d баллов. Спасибо за покупку!",
                              first_name, points);
      break;
    case 1:
      g_string_append_printf (seeder->text, "%s, только до воскресенья скидка 20%% на молочные продукты "
                              "по карте программы.", first_name);
      break;
    case 2:
      g_string_append_printf (seeder->text, "%s, ваш баланс: %d баллов. Тратьте их при следующей покупке.",
                              first_name, points);
      break;
    default:
      g_string_append_printf (seeder->text, "%s, с днём рождения! Дарим %d баллов.", first_name, points);
      break;
    }

  ld_statement_bind_int (s, 1, seeder->next_message++);
  ld_statement_bind_int (s, 2, member_id);
  ld_statement_bind_text (s, 3, channel);
  ld_statement_bind_text (s, 4, status);
  ld_statement_bind_text (s, 5, g_str_equal (channel, "email") ? email : g_str_equal (channel, "sms") ? phone : NULL);
  ld_statement_bind_text (s, 6, g_str_equal (channel, "email") ? email_subjects[k] : NULL);
  ld_statement_bind_text (s, 7, seeder->text->str);
  ld_statement_bind_text (s, 8, at);
  return run (s, error);
}

static gboolean
add_status (Seeder      *seeder,
            gint64       member_id,
            const char  *system,
            const char  *level,
            gint64       t,
            GError     **error)
{
  g_autofree char *at = time_text (t);
  LdStatement *s = seeder->status;

  ld_statement_bind_int (s, 1, member_id);
  ld_statement_bind_text (s, 2, system);
  ld_statement_bind_text (s, 3, level);
  ld_statement_bind_text (s, 4, at);
  return run (s, error);
}

static gboolean
add_favorites (Seeder  *seeder,
               gint64   member_id,
               guint    n,
               gint64   since,
               GError **error)
{
  guint first = pick (seeder, G_N_ELEMENTS (products));

  for (guint f = 0; f < n + 1; f++)
    {
      gint64 product_id = (first + f * 7) % G_N_ELEMENTS (products) + 1;
      gint64 t = between (seeder, since, seeder->t0);
      g_autofree char *at = time_text (t);
      LdStatement *s = seeder->favorite_change;

      /* the last one was added and taken away again: history shows both */
      ld_statement_bind_int (s, 1, seeder->next_history++);
      ld_statement_bind_int (s, 2, member_id);
      ld_statement_bind_int (s, 3, product_id);
      ld_statement_bind_text (s, 4, "added");
      ld_statement_bind_int (s, 5, seeder->agent_id);
      ld_statement_bind_text (s, 6, at);
      if (!run (s, error))
        return FALSE;

      if (f == n)
        {
          g_autofree char *removed_at = time_text (MIN (t + 86400 * 3, seeder->t0));

          ld_statement_bind_int (s, 1, seeder->next_history++);
          ld_statement_bind_int (s, 2, member_id);
          ld_statement_bind_int (s, 3, product_id);
          ld_statement_bind_text (s, 4, "removed");
          ld_statement_bind_int (s, 5, seeder->agent_id);
          ld_statement_bind_text (s, 6, removed_at);
          if (!run (s, error))
            return FALSE;
          continue;
        }

      s = seeder->favorite;
      ld_statement_bind_int (s, 1, member_id);
      ld_statement_bind_int (s, 2, product_id);
      ld_statement_bind_text (s, 3, at);
      if (!run (s, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_subscription_off (Seeder      *seeder,
                      gint64       member_id,
                      const char  *type,
                      const char  *channel,
                      GError     **error)
{
  LdStatement *s = seeder->subscription;

  ld_statement_bind_int (s, 1, member_id);
  ld_statement_bind_text (s, 2, type);
  ld_statement_bind_text (s, 3, channel);
  ld_statement_bind_int (s, 4, 0);
  return run (s, error);
}

/* one member with cards, statuses and history; @family_account is 0 for a new account */
static gboolean
add_member (Seeder  *seeder,
            gint64   id,
            gint64   family_account,
            GError **error)
{
  static const char * const block_reasons[] = { "lost", "damaged", "for_replacement", "other" };
  static const char * const main_levels[] = { "basic", "basic", "basic", "basic", "basic",
                                              "silver", "silver", "silver", "gold", "platinum" };
  static const char * const partner_levels[] = { "guest", "friend", "partner" };
  gboolean female = chance (seeder, 0.52);
  const char *male_last = last_names[pick (seeder, G_N_ELEMENTS (last_names))];
  const char *first = female ? female_first_names[pick (seeder, G_N_ELEMENTS (female_first_names))]
                             : male_first_names[pick (seeder, G_N_ELEMENTS (male_first_names))];
  const char *middle = patronymics[pick (seeder, G_N_ELEMENTS (patronymics))][female ? 1 : 0];
  g_autofree char *last = female ? female_last_name (male_last) : g_strdup (male_last);
  g_autofree char *phone = member_phone (id);
  g_autofree char *email = NULL;
  g_autofree char *email_fold = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *last_fold = NULL;
  g_autofree char *first_fold = NULL;
  g_autofree char *middle_fold = NULL;
  gint64 created = seeder->t0 - between (seeder, 30, 5 * 365) * 86400 - pick (seeder, 86400);
  gint64 account_id = family_account ? family_account : id;
  gint64 balance = 0;
  guint n_cards = 1 + pick (seeder, 4);
  guint n_purchases, n_operations, n_messages;
  SeedCard cards[4];
  guint n_live = 0;
  LdStatement *s;

  if (id == 1)
    {
      /* the member of the long history, the same whatever N */
      female = TRUE;
      g_free (last);
      last = g_strdup ("Соколова");
      first = "Ольга";
      middle = "Фёдоровна";
      n_cards = 4;
      created = seeder->t0 - 4 * 365 * 86400;
    }

  if (chance (seeder, 0.7) || id == 1)
    {
      GString *address = g_string_new (NULL);

      append_translit (address, first);
      g_string_append_c (address, '.');
      append_translit (address, last);
      g_string_append_printf (address, "%" G_GINT64_FORMAT "@%s", id,
                              email_domains[pick (seeder, G_N_ELEMENTS (email_domains))]);
      email = g_string_free (address, FALSE);
      email_fold = ld_storage_fold (email);
    }
  {
    g_autoptr(GDateTime) epoch = g_date_time_new_utc (1950, 1, 1, 0, 0, 0);
    g_autoptr(GDateTime) born = g_date_time_add_days (epoch, pick (seeder, 56 * 365));

    birth = g_date_time_format (born, "%Y-%m-%d");
  }
  created_at = time_text (created);
  answers = g_strdup_printf ("{\"gender\":\"%s\",\"city\":\"%s\",\"children\":%u,\"has_car\":%s}",
                             female ? "female" : "male", cities[pick (seeder, G_N_ELEMENTS (cities))],
                             pick (seeder, 4), chance (seeder, 0.4) ? "true" : "false");
  last_fold = ld_storage_fold (last);
  first_fold = ld_storage_fold (first);
  middle_fold = ld_storage_fold (middle);

  if (family_account == 0)
    {
      gboolean blocked = id % 50 == 0;

      s = seeder->account;
      ld_statement_bind_int (s, 1, account_id);
      ld_statement_bind_int (s, 2, blocked);
      ld_statement_bind_text (s, 3, blocked ? "fraud" : NULL);
      ld_statement_bind_text (s, 4, created_at);
      if (!run (s, error))
        return FALSE;
    }

  s = seeder->member;
  ld_statement_bind_int (s, 1, id);
  ld_statement_bind_int (s, 2, account_id);
  ld_statement_bind_text (s, 3, last);
  ld_statement_bind_text (s, 4, first);
  ld_statement_bind_text (s, 5, middle);
  ld_statement_bind_text (s, 6, last_fold);
  ld_statement_bind_text (s, 7, first_fold);
  ld_statement_bind_text (s, 8, middle_fold);
  ld_statement_bind_text (s, 9, phone);
  ld_statement_bind_text (s, 10, email);
  ld_statement_bind_text (s, 11, email_fold);
  ld_statement_bind_text (s, 12, birth);
  ld_statement_bind_text (s, 13, answers);
  ld_statement_bind_text (s, 14, id <= MEMBERS_WITH_PASSWORD ? seeder->member_password_hash : NULL);
  ld_statement_bind_text (s, 15, created_at);
  if (!run (s, error))
    return FALSE;
  /* no personal data in the action history: it outlives a removal */
  if (!add_action (seeder, created, seeder->agent_id, "member.register", "member", NULL, id, error))
    return FALSE;
  if (family_account != 0 &&
      !add_action (seeder, created + 600, seeder->supervisor_id, "member.merge",
                   "account", NULL, id, error))
    return FALSE;

  /* cards: the first is the main physical one; the others of every kind and state */
  for (guint c = 0; c < n_cards; c++)
    {
      const char *type = "physical";
      const char *state = "activated";
      const char *reason = NULL;
      const char *replaced_by = NULL;
      gint64 card_balance;
      guint r = pick (seeder, 100);

      if (c == 0)
        {
          if (r < 5)
            {
              state = "blocked";
              reason = block_reasons[pick (seeder, G_N_ELEMENTS (block_reasons))];
            }
        }
      else if (id == 1)
        {
          static const char * const states[] = { NULL, "activated", "blocked", "replaced" };

          state = states[c];
          type = c == 1 ? "virtual" : "physical";
          reason = c == 2 ? "lost" : NULL;
          replaced_by = c == 3 ? cards[0].number : NULL;
        }
      else
        {
          type = chance (seeder, 0.4) ? "virtual" : "physical";
          if (r < 55)
            state = "activated";
          else if (r < 70)
            {
              state = "blocked";
              reason = block_reasons[pick (seeder, G_N_ELEMENTS (block_reasons))];
            }
          else if (r < 85 && g_str_equal (type, "physical"))
            {
              state = "replaced";
              reason = "lost";
              replaced_by = cards[0].number;
            }
          else
            state = "deleted";
        }
      card_balance = (g_str_equal (state, "activated") || g_str_equal (state, "blocked"))
                     ? between (seeder, 0, 25000) : 0;
      if (!add_card (seeder, &cards[c], type, c == 0 ? "regular" : random_category (seeder), state,
                     card_balance, c == 0, id, reason, replaced_by, NULL,
                     created - 86400 * between (seeder, 1, 60), created + c * 86400 * 30, error))
        return FALSE;
      if (cards[c].live)
        {
          balance += card_balance;
          n_live++;
        }
      if (reason != NULL &&
          !add_action (seeder, created + (c + 1) * 86400 * 40, seeder->agent_id,
                       g_str_equal (state, "replaced") ? "card.replace" : "card.block",
                       cards[c].number, reason, id, error))
        return FALSE;
      if (g_str_equal (state, "deleted") &&
          !add_action (seeder, created + (c + 1) * 86400 * 40, seeder->supervisor_id, "card.delete",
                       cards[c].number, NULL, id, error))
        return FALSE;
    }

  s = family_account ? seeder->account_add : seeder->account;
  if (family_account)
    {
      ld_statement_bind_int (s, 1, account_id);
      ld_statement_bind_int (s, 2, balance);
      if (!run (s, error))
        return FALSE;
    }
  else
    {
      /* the account was inserted above with no balance */
      ld_statement_bind_int (seeder->account_add, 1, account_id);
      ld_statement_bind_int (seeder->account_add, 2, balance);
      if (!run (seeder->account_add, error))
        return FALSE;
    }

  /* statuses in two status systems */
  {
    const char *level = main_levels[pick (seeder, G_N_ELEMENTS (main_levels))];

    if (id == 1)
      level = "gold";
    if (!add_status (seeder, id, "main", level, created + 86400 * 90, error))
      return FALSE;
    if (!g_str_equal (level, "basic") &&
        !add_action (seeder, created + 86400 * 90, seeder->supervisor_id, "member.status",
                     level, "contest", id, error))
      return FALSE;
    if ((chance (seeder, 0.4) || id == 1) &&
        !add_status (seeder, id, "partner", partner_levels[pick (seeder, G_N_ELEMENTS (partner_levels))],
                     created + 86400 * 120, error))
      return FALSE;
  }

  /* history */
  if (id == 1)
    {
      n_purchases = 1200;
      n_operations = 600;
      n_messages = 300;
    }
  else if (seeder->large)
    {
      n_purchases = pick (seeder, 4);
      n_operations = pick (seeder, 3);
      n_messages = pick (seeder, 3);
    }
  else
    {
      n_purchases = pick (seeder, 31);
      n_operations = pick (seeder, 31);
      n_messages = pick (seeder, 31);
    }

  for (guint p = 0; p < n_purchases && n_live > 0; p++)
    {
      guint c = pick (seeder, n_cards);

      if (!cards[c].live)
        c = 0;
      if (!add_purchase (seeder, account_id, id, cards[c].number, between (seeder, created, seeder->t0),
                         pick (seeder, G_N_ELEMENTS (points_of_sale)), NULL, error))
        return FALSE;
    }
  for (guint o = 0; o < n_operations; o++)
    if (!add_operation (seeder, id, cards[pick (seeder, n_cards)].number,
                        between (seeder, created, seeder->t0), error))
      return FALSE;
  for (guint m = 0; m < n_messages; m++)
    if (!add_message (seeder, id, phone, email, first, between (seeder, created, seeder->t0), error))
      return FALSE;

  if (id == 1)
    {
      static const char * const actions[] = { "member.edit", "member.send_password", "member.change_contacts",
                                               "member.subscriptions", "card.block", "card.unblock" };

      for (guint a = 0; a < 120; a++)
        if (!add_action (seeder, between (seeder, created, seeder->t0), a % 2 ? seeder->agent_id : seeder->supervisor_id,
                         actions[a % G_N_ELEMENTS (actions)],
                         a % G_N_ELEMENTS (actions) >= 4 ? cards[2].number : "profile",
                         a % G_N_ELEMENTS (actions) >= 4 ? "lost" : NULL, id, error))
          return FALSE;
    }

  if ((id == 1 || id % (seeder->large ? 10 : 3) == 0) &&
      !add_favorites (seeder, id, id == 1 ? 5 : 1 + pick (seeder, 4), created, error))
    return FALSE;

  if (id % 7 == 0 || id == 1)
    {
      if (!add_subscription_off (seeder, id, "promotions", "sms", error) ||
          !add_subscription_off (seeder, id, "news", "push", error))
        return FALSE;
    }

  if (id <= 20)
    {
      s = seeder->outbox;
      g_string_truncate (seeder->text, 0);
      g_string_append_printf (seeder->text,
                              "Добро пожаловать в программу лояльности! Ваш пароль от личного кабинета: %s",
                              MEMBER_PASSWORD);
      ld_statement_bind_text (s, 1, "sms");
      ld_statement_bind_text (s, 2, phone);
      ld_statement_bind_text (s, 3, seeder->text->str);
      ld_statement_bind_text (s, 4, created_at);
      if (!run (s, error))
        return FALSE;
    }

  return TRUE;
}

/* printed cards nobody has registered yet; some already bought with */
static gboolean
add_free_card (Seeder  *seeder,
               GError **error)
{
  SeedCard card;
  gint64 issued = seeder->t0 - between (seeder, 10, 700) * 86400;
  gint64 balance = 0;
  guint first_pos = pick (seeder, G_N_ELEMENTS (points_of_sale) - 1);
  guint n_purchases = chance (seeder, 0.3) ? 1 + pick (seeder, 3) : 0;
  char number[20];

  /* the number is known before the purchases that reference it */
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, seeder->next_card);
  for (guint p = 0; p < n_purchases; p++)
    {
      gint64 bonus = 0;

      if (!add_purchase (seeder, 0, 0, number, issued + (p + 1) * 86400 * 3,
                         p == 0 ? first_pos : pick (seeder, G_N_ELEMENTS (points_of_sale) - 1),
                         &bonus, error))
        return FALSE;
      balance += bonus;
    }
  return add_card (seeder, &card, "physical", chance (seeder, 0.9) ? "regular" : "employee", "issued",
                   balance, FALSE, 0, NULL, NULL, n_purchases ? points_of_sale[first_pos] : NULL,
                   issued, 0, error);
}

static gint64
ensure_operator (LdStorage   *self,
                 const char  *login,
                 const char  *name,
                 const char  *role,
                 const char  *denied,
                 const char  *created_at,
                 GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  gboolean found = FALSE;
  gint64 id = 0;

  if (!ld_storage_query_int (self, "SELECT id FROM operators WHERE login = $1", login, 0, &found, &id, error))
    return 0;
  if (found)
    return id;

  if (crypto_pwhash_str_alg (hash, "demo", strlen ("demo"),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, "Out of memory hashing a password");
      return 0;
    }

  return ld_storage_insert_operator_locked (self, login, name, role, hash, denied, created_at, error);
}

static gboolean
prepare_all (Seeder  *seeder,
             GError **error)
{
  LdDatabase *db = seeder->self->db;

#define PREPARE(field, sql) \
  if ((seeder->field = ld_database_prepare (db, sql, error)) == NULL) \
    return FALSE

  PREPARE (account, "INSERT INTO accounts (id, balance, blocked, blocked_reason, created_at) VALUES ($1, 0, $2, $3, $4)");
  PREPARE (account_add, "UPDATE accounts SET balance = balance + $2 WHERE id = $1");
  PREPARE (member,
           "INSERT INTO members (id, account_id, last_name, first_name, middle_name, last_name_fold, "
           "first_name_fold, middle_name_fold, phone, email, email_fold, birth_date, answers, consents, "
           "password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
           "$12, $13, '{\"offer\":true,\"personal_data\":true}', $14, $15, $15)");
  PREPARE (status, "INSERT INTO member_statuses (member_id, system, level, assigned_at) VALUES ($1, $2, $3, $4)");
  PREPARE (card,
           "INSERT INTO cards (number, type, category, state, balance, main, owner_id, blocked_reason, "
           "replaced_by, first_purchase_pos, issued_at, activated_at) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
  PREPARE (purchase,
           "INSERT INTO purchases (id, account_id, member_id, card, receipt, purchased_at, pos, program, "
           "amount, bonus_accrued, bonus_deducted, status) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
  PREPARE (operation,
           "INSERT INTO operations (id, member_id, card, kind, amount, description, pos, performed_at) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
  PREPARE (message,
           "INSERT INTO messages (id, member_id, channel, status, address, subject, text, sent_at) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
  PREPARE (product,
           "INSERT INTO products (id, sku, name, name_fold, price) VALUES ($1, $2, $3, $4, $5) "
           "ON CONFLICT (sku) DO NOTHING");
  PREPARE (favorite, "INSERT INTO favorites (member_id, product_id, added_at) VALUES ($1, $2, $3) "
                     "ON CONFLICT (member_id, product_id) DO NOTHING");
  PREPARE (favorite_change,
           "INSERT INTO favorites_history (id, member_id, product_id, change, operator_id, changed_at) "
           "VALUES ($1, $2, $3, $4, $5, $6)");
  PREPARE (subscription,
           "INSERT INTO subscriptions (member_id, mailing_type, channel, enabled) VALUES ($1, $2, $3, $4)");
  PREPARE (outbox, "INSERT INTO outbox (channel, recipient, text, created_at) VALUES ($1, $2, $3, $4)");
  PREPARE (action, LD_STORAGE_ADD_ACTION_SQL);
#undef PREPARE
  return TRUE;
}

static gboolean
has_members (LdStorage  *self,
             gboolean   *answer,
             GError    **error)
{
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (self->db, "SELECT EXISTS (SELECT 1 FROM members)", error);
  if (statement == NULL || ld_statement_step (statement, error) != LD_STEP_ROW)
    return FALSE;
  *answer = ld_statement_get_bool (statement, 0);
  return TRUE;
}

gboolean
ld_storage_seed_demo_locked (LdStorage  *self,
                             guint       n_members,
                             GError    **error)
{
  Seeder seeder = { 0 };
  g_autoptr(GDateTime) t0 = g_date_time_new_utc (2026, 11, 1, 12, 0, 0);
  g_autofree char *now = ld_storage_now ();
  char member_hash[crypto_pwhash_STRBYTES];
  gboolean seeded = FALSE;
  gboolean ok = FALSE;
  guint n_free;
  gint64 started = g_get_monotonic_time ();

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, "libsodium cannot start");
      return FALSE;
    }

  if (!ld_database_begin (self->db, error))
    return FALSE;
  /* PostgreSQL plans a foreign key's check once per connection and keeps the plan: made
   * while the seed's first member is the only one, it reads the members table from end to
   * end, and every later row that names a member would read all those added so far (the
   * seed grew with the square of N). Nothing analyzes the tables before the commit; with
   * sequential scans ruled out for the inserts every such plan walks the primary key. */
  if (ld_database_get_dialect (self->db) == LD_DIALECT_POSTGRESQL &&
      !ld_database_exec (self->db, "SET LOCAL enable_seqscan = off", error))
    goto out;

  /* the operators first: a database seeded before keeps its members */
  seeder.self = self;
  seeder.agent_id = ensure_operator (self, "agent", "Оператор Анна Белова", "agent", "", now, error);
  if (seeder.agent_id == 0)
    goto out;
  seeder.supervisor_id = ensure_operator (self, "supervisor", "Старший смены Игорь Котов", "supervisor", "", now, error);
  if (seeder.supervisor_id == 0 ||
      ensure_operator (self, "admin", "Администратор", "admin", "", now, error) == 0 ||
      ensure_operator (self, "agent-limited", "Стажёр Павел Лукин", "agent",
                       "card.link member.favorites", now, error) == 0)
    goto out;

  if (!has_members (self, &seeded, error))
    goto out;
  if (seeded)
    {
      g_message ("The database has members already: demo data not added again");
      ok = TRUE;
      goto out;
    }

  if (crypto_pwhash_str_alg (member_hash, MEMBER_PASSWORD, strlen (MEMBER_PASSWORD),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_STORAGE, "Out of memory hashing a password");
      goto out;
    }

  seeder.rand = g_rand_new_with_seed (SEED);
  seeder.t0 = g_date_time_to_unix (t0);
  seeder.next_card = FIRST_CARD + 1;
  seeder.next_purchase = 1;
  seeder.next_operation = 1;
  seeder.next_message = 1;
  seeder.next_history = 1;
  seeder.n_members = n_members;
  seeder.large = n_members > 20000;
  seeder.member_password_hash = member_hash;
  seeder.text = g_string_new (NULL);

  if (!prepare_all (&seeder, error))
    goto out;

  for (guint p = 0; p < G_N_ELEMENTS (products); p++)
    {
      g_autofree char *fold = ld_storage_fold (products[p].name);

      ld_statement_bind_int (seeder.product, 1, p + 1);
      ld_statement_bind_text (seeder.product, 2, products[p].sku);
      ld_statement_bind_text (seeder.product, 3, products[p].name);
      ld_statement_bind_text (seeder.product, 4, fold);
      ld_statement_bind_int (seeder.product, 5, products[p].price);
      if (!run (seeder.product, error))
        goto out;
    }

  for (gint64 id = 1; id <= n_members; id++)
    {
      gint64 family = 0;

      /* families: every 20th member joins the one before; every 60th's next joins too */
      if (id > 2 && id % 20 == 0)
        family = id - 1;
      else if (id > 60 && id % 60 == 1)
        family = id - 2;
      if (!add_member (&seeder, id, family, error))
        goto out;
    }

  n_free = 20 + n_members / 20;
  for (guint f = 0; f < n_free; f++)
    if (!add_free_card (&seeder, error))
      goto out;

  /* the summaries read every member at once: scans allowed again */
  if (ld_database_get_dialect (self->db) == LD_DIALECT_POSTGRESQL &&
      !ld_database_exec (self->db, "SET LOCAL enable_seqscan TO DEFAULT", error))
    goto out;
  /* every member answers a search from its summary from the start, cold or hot */
  if (!ld_storage_fill_summaries_locked (self, error))
    goto out;

  ok = TRUE;

out:
  if (seeder.text != NULL)
    g_string_free (seeder.text, TRUE);
  g_clear_pointer (&seeder.rand, g_rand_free);
  sodium_memzero (member_hash, sizeof member_hash);

  if (!ok)
    {
      ld_database_rollback (self->db);
      return FALSE;
    }
  if (!ld_database_commit (self->db, error))
    {
      ld_database_rollback (self->db);
      return FALSE;
    }
  /* statistics for the planner; and a big seed went through the write-ahead log:
   * fold it into the file and empty it */
  if (!seeded && (!ld_database_analyze (self->db, error) || !ld_database_checkpoint (self->db, error)))
    return FALSE;
  if (!seeded)
    g_message ("Seeded %u demo members in %.1f s", n_members,
               (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return TRUE;
}

gboolean
ld_storage_seed_demo (LdStorage  *self,
                      guint       n_members,
                      GError    **error)
{
  LD_STORAGE_LOCK (self);

  g_return_val_if_fail (LD_IS_STORAGE (self), FALSE);

  return ld_storage_seed_demo_locked (self, n_members, error);
}
