package io.hookrelay;
public final class Main { public static void main(String[] a) {} }
