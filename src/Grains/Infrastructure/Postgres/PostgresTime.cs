namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>Times at PostgreSQL's precision (microseconds), so that what a grain answers equals what a later read finds.</summary>
public static class PostgresTime
{
    public static DateTimeOffset Of(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    public static DateTimeOffset Now(TimeProvider clock) => Of(clock.GetUtcNow());
}
