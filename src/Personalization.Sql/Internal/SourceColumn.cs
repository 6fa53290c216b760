namespace Personalization.Sql.Internal;

/// <summary>How a source column's values can be converted.</summary>
internal enum ColumnKind
{
    Text,
    Number,
    Timestamp,
    Boolean,
    Other,
}

/// <summary>A column of the source relation as the engine describes it.</summary>
internal sealed record SourceColumn(string Name, ColumnKind Kind, string TypeName)
{
    public static ColumnKind KindOf(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string) || t == typeof(char))
        {
            return ColumnKind.Text;
        }

        if (t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly))
        {
            return ColumnKind.Timestamp;
        }

        if (t == typeof(bool))
        {
            return ColumnKind.Boolean;
        }

        return t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(long) || t == typeof(int)
            || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint)
            || t == typeof(ulong) || t == typeof(System.Numerics.BigInteger) || t == typeof(Int128) || t == typeof(UInt128)
            ? ColumnKind.Number
            : ColumnKind.Other;
    }
}
