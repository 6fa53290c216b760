namespace Personalization.Sql.Internal;

/// <summary>Conversions between <see cref="DateTime"/> and the epoch microseconds the queries use.</summary>
internal static class SqlTime
{
    /// <summary>Microseconds since 1970-01-01, rounded down (the engines keep timestamps to the microsecond).</summary>
    public static long ToEpochMicros(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out long r) - (r < 0 ? 1 : 0);
}
