using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>Writes and reads the base models inside an uplift model's payload, through <see cref="BaseModelRegistry"/>.</summary>
internal static class BaseModelJson
{
    public static void WriteModels(Utf8JsonWriter writer, string name, IReadOnlyList<IBaseModel?> models)
    {
        writer.WriteStartArray(name);
        foreach (IBaseModel? model in models)
        {
            WriteModel(writer, model);
        }

        writer.WriteEndArray();
    }

    public static void WriteModel(Utf8JsonWriter writer, IBaseModel? model)
    {
        if (model is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            BaseModelRegistry.Write(writer, model);
        }
    }

    public static IBaseModel?[] ReadModels(JsonElement payload, string name)
    {
        JsonElement array = ModelJson.GetProperty(payload, name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"The saved model field \"{name}\" must be an array.");
        }

        var result = new IBaseModel?[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = ReadModel(item);
        }

        return result;
    }

    public static IBaseModel? ReadModel(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return BaseModelRegistry.Read(item);
    }

    public static IBaseModel[] RequireAll(IBaseModel?[] models, string name)
    {
        var result = new IBaseModel[models.Length];
        for (int i = 0; i < models.Length; i++)
        {
            result[i] = models[i] ?? throw new InvalidDataException($"The saved model field \"{name}\" has a missing model at {i}.");
        }

        return result;
    }

    public static void CheckFeatureCount(IEnumerable<IBaseModel?> models, int featureCount)
    {
        foreach (IBaseModel? m in models)
        {
            if (m is not null && m.FeatureCount != featureCount)
            {
                throw new InvalidDataException($"A saved base model has {m.FeatureCount} features but the uplift model has {featureCount}.");
            }
        }
    }
}
