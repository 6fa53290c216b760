return Personalization.Cli.PersonalizeCli.Run(args, Console.Out, Console.Error);
